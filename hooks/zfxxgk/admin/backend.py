"""Where the /admin/ page saves: the agency's forge (settings `extra.zfxxgk.admin`) or the local proxy.

- gitlab: a self-hosted GitLab; login by PKCE against the GitLab's own OAuth application (no secret, no
  third-party service); the editorial workflow (草稿 → 待审核 → 已发布) opens one merge request per item.
- forgejo: Decap's Forgejo backend, PKCE login, editorial workflow through pull requests.
- gitea: Decap's Gitea backend, PKCE login; Decap has no editorial workflow for Gitea, so a save is a
  commit to the branch (protect the branch and let editors work through `forgejo` or GitLab instead).
- not set: the local proxy only (`zfxxgk edit`), nothing is published from the browser.

The local proxy is not in the configuration: Decap wants its address absolute, and only `zfxxgk edit` knows
its port. zfxxgk-admin.js asks the page's own origin for /api/zfxxgk/local (answered by `zfxxgk edit` only)
and then starts Decap with `local_backend` at <origin>/api/v1, where the edit server forwards to
decap-server; the published site, where nothing answers, always uses the forge.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LOCAL_API = "/api/v1"
WORKFLOW = ("gitlab", "forgejo")  # the forges on which Decap's editorial workflow works


def backend_config(admin: Mapping[str, Any]) -> dict[str, Any]:
    """The `backend` and `publish_mode` keys of the CMS configuration."""
    name = admin.get("backend")
    branch = str(admin.get("branch", "main"))
    out: dict[str, Any] = {}
    if name is None:
        out["backend"] = {"name": "proxy", "proxy_url": LOCAL_API, "branch": branch}
    else:
        url = str(admin.get("url", "")).rstrip("/")
        backend: dict[str, Any] = {"name": name, "repo": str(admin.get("repo", "")), "branch": branch}
        if name == "gitlab":
            backend.update({"auth_type": "pkce", "app_id": str(admin.get("app_id", "")),
                            "api_root": f"{url}/api/v4", "base_url": url, "auth_endpoint": "oauth/authorize"})
        else:  # gitea, forgejo: the same Gitea API and OAuth endpoints
            backend.update({"app_id": str(admin.get("app_id", "")), "api_root": f"{url}/api/v1",
                            "base_url": url, "auth_endpoint": f"{url}/login/oauth/authorize"})
        backend["squash_merges"] = False
        backend["commit_messages"] = {
            "create": "新增 {{collection}}：{{slug}}",
            "update": "修改 {{collection}}：{{slug}}",
            "delete": "删除 {{collection}}：{{slug}}",
            "uploadMedia": "上传附件 {{path}}",
            "deleteMedia": "删除附件 {{path}}",
        }
        out["backend"] = backend
        if name in WORKFLOW and admin.get("editorial_workflow", True):
            out["publish_mode"] = "editorial_workflow"
    return out
