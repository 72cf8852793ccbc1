"""Sub-commands of the `zfxxgk` CLI, one module each, discovered by `zfxxgk.cli`."""
