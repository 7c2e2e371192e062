"""Running Verbind for real: back-ups of the SQLite database, the health checks for nginx and a
load balancer, one log line per request and per Socket.IO event, and Prometheus metrics."""
