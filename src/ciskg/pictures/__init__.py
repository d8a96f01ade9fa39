"""Server-rendered SVG pictures: a timeline of events, networks of actors and processes.

Why server-side SVG: the pictures must show without JavaScript, offline, and in a
screenshot; SVG text stays selectable and each shape is a link to its page. The modules
take plain data (labels already chosen in the reader's language, links already made)
and return an SVG string; they know neither the store nor HTTP.
"""
