"""The local stack: the service on this machine, driven by template.yaml, with no Docker and no AWS account."""
