"""Quality control: real-time random sampling of closed files, the checklist, reviews and the substantial-error rate."""
