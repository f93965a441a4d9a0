"""The live preview (`make serve`): the network rebuilt on every save, the open page reloaded.

session.py runs the preview builds (drafts and scheduled articles shown, marked;
an error kept beside the last good build), server.py serves the preview folder,
the reload script and the builds' events on 127.0.0.1, watcher.py turns saves
into rebuilds.  The preview reaches the build only through builder.build and
builds into its own folder: nothing here is ever published.
"""
