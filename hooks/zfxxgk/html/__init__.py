"""HTML, below every stage that writes or checks it: the Markdown renderer (`markup`), the sanitiser every
body goes through (`sanitize`), the images a body shows (`images`), the finders of unsafe HTML (`unsafe`)
and the site's URL scheme (`urls`). Imports nothing above the base modules.
"""
