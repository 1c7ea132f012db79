"""Routes of the HTTP API, split by resource; models and error mapping beside them."""
