"""ciskg: a linked-data knowledge graph of cooperation on refugees, migration and
displacement in the CIS region, built from UN reports."""

__version__ = "0.1.0"
