"""counterclaim's theme: the templates, stylesheet, search script and interface strings
(``locales/<language>.yaml``) of every page, registered with MkDocs as the theme
``counterclaim`` (``theme: {name: counterclaim}`` in mkdocs.yml). It ships in the package, so an
upgrade of counterclaim upgrades every site's pages; a site changes what it must in a folder of
its own (``custom_dir``), searched before this one. MkDocs finds the theme's folder through this
module, which holds no code."""
