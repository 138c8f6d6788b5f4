"""Rendering bundles: the template context (:mod:`.context`) and one module per format.

:mod:`.markdown` needs only Jinja; :mod:`.docx` imports python-docx and docxtpl and is
imported only when a Word file is built.
"""
