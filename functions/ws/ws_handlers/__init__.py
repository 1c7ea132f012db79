"""WebSocket route handlers ($connect, $disconnect, $default) and their event models."""
