"""Party & Lobby backend core: domain rules, DynamoDB store, push fan-out, services."""
