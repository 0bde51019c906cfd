"""Agent pages. Views parse input and call one query or one flow; nothing else."""
