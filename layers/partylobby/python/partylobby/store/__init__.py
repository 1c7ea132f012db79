"""DynamoDB repositories over one table. Keys never leave this package."""
