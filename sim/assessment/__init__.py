"""The official assessment: national standards, the balance indices and what is observed each year."""
