"""`ciskg query` (placeholder module owned by the endpoint work; see http/)."""
