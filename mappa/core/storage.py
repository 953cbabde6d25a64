"""How collected static files are stored: WhiteNoise's hashed, compressed files, with the imports in the
service's own ES modules (frontend/js/*.mjs) pointed at the hashed names too, so a module's dependencies
are cached for good like everything else rather than fetched again under their plain names."""
from whitenoise.storage import CompressedManifestStaticFilesStorage

# `from "./govuk-frontend.min.js"` in a module: Django rewrites such imports only in *.js files.
MODULE_IMPORT = (r"""(?P<matched>from\s*['"](?P<url>\./[^'"]+)['"])""", """from "%(url)s\"""")


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = (*CompressedManifestStaticFilesStorage.patterns, ("*.mjs", (MODULE_IMPORT,)))
