"""Reports on a loaded and checked project, for people and tools: problems as text, JSON or SARIF
(`reporters`), the 政务公开 compliance report (`compliance`) and the CODEOWNERS routing of reviews
(`codeowners`). Above the site; only the command line imports them.
"""
