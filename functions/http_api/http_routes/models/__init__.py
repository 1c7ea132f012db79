"""Request and response shapes of the client contract; the OpenAPI document is generated from these."""
