"""The compiled check of each input schema, as it ships (render.compiledschema.shipped_conforms).

Made by ``python -m render.compiledschema`` whenever a schema in ``render/schemas``
changes; tests/unit/test_compiledschema_cache.py fails until it is run.
"""
