"""Rendering a document's context to a format, for both documents: one module per format.

:mod:`.markdown` (CommonMark escaping) and :mod:`.jinja` (the template environment and its
sandbox) need only Jinja; :mod:`.docx` imports python-docx and docxtpl and is imported only
when a Word file is built. Nothing here knows what a bundle or a schedule is.
"""
