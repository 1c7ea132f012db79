"""Pure rules: no boto3, no powertools, no HTTP."""
