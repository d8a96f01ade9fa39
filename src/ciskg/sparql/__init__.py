"""The query core of the endpoint, free of FastAPI.

`lexer`/`inspect` read a query before it runs (refuse SERVICE, know its form),
`formats` holds the negotiation tables, `execute` runs a query natively within the row
limit, `worker`/`pool`/`frames` run queries in processes under a hard time limit,
`cache` keeps answers per store version, `service` composes them for the HTTP layer.
"""
