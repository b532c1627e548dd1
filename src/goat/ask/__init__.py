"""`goat ask`: a Python API and a command line that answer questions and audit the chain."""
