"""spaCy components of crosscheck and the pipeline built from config.cfg."""
