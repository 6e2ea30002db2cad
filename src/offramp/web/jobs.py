"""Screening runs started over HTTP, carried out in background threads.

The request that uploads a file gets the run's id at once and the run goes on in its own
thread, with its own database connection, storing its results chunk by chunk exactly as
``offramp screen`` does (:class:`~offramp.screening.runs.BatchRun`): progress is the number of
rows stored so far, readable from any worker process. A run's options record that it came from
the web, the upload's server-side name, how many rows the file holds, and the token of the
server process screening it (:class:`~offramp.web.interrupted_runs.RunOwner`), so that a run
this process never finishes is found and marked failed when a server starts again.

At most :data:`MAX_RUNNING` runs screen at once per process; a further one is refused (429)
rather than queued without an id.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from typing import Any

from offramp.screening.batch import MATCHES_PER_ROW, ScreeningOptions
from offramp.screening.runs import BatchRun, RunRequest
from offramp.store import ListStore, ReviewStore
from offramp.store.reviews import RunStatus
from offramp.web.config import WebConfig
from offramp.web.index_holder import LoadedIndex
from offramp.web.interrupted_runs import RunOwner, add_note
from offramp.web.uploads import StoredUpload, UploadError

MAX_RUNNING = 2
CHUNK_ROWS = 500  # small chunks: progress shows early, and each commit is short
START_TIMEOUT = 60.0

log = logging.getLogger("offramp.web")


class ScreeningJobs:
    """Starts runs in threads and tracks how many are screening."""

    def __init__(self, config: WebConfig, owner: RunOwner) -> None:
        self.config = config
        self.owner = owner
        self._running = threading.BoundedSemaphore(MAX_RUNNING)

    def start(self, index: LoadedIndex, upload: StoredUpload, actor: str,
              threshold: float | None = None) -> int:
        """Start screening ``upload`` against ``index``; returns the run id once stored."""
        if not self._running.acquire(blocking=False):
            upload.discard()
            raise UploadError(f"{MAX_RUNNING} screenings are running already; try again when "
                              "one has finished", 429)
        subjects = upload.subjects
        screener = index.screener
        alert_at = threshold if threshold is not None else screener.threshold
        options: dict[str, Any] = {
            "input_format": subjects.format, "columns": dict(subjects.columns),
            "delimiter": subjects.delimiter, "encoding": subjects.encoding,
            "sheet": subjects.sheet, "lists": None, "matches_per_row": MATCHES_PER_ROW,
            "via": "web", "upload": upload.path.name, "rows_expected": upload.rows,
            "owner": self.owner.token,
        }
        request = RunRequest(input_name=upload.label, input_sha256=subjects.input_sha256(),
                             list_versions=dict(index.list_versions),
                             algorithm=screener.algorithm, threshold=alert_at,
                             options=options, actor=actor)
        started: Future[int] = Future()
        thread = threading.Thread(target=self._run, args=(index, upload, request, started),
                                  name="offramp-screen", daemon=True)
        thread.start()
        return started.result(timeout=START_TIMEOUT)

    def _run(self, index: LoadedIndex, upload: StoredUpload, request: RunRequest,
             started: Future[int]) -> None:
        store = ListStore(self.config.db_path)  # this thread's own connection
        try:
            reviews = ReviewStore(store, approval_level=self.config.approval_level)
            # The upload's server-side name is in the options, so no other request's run
            # is ever "resumed" by this one.
            try:
                run = BatchRun.start(reviews, request)
            except BaseException as exc:
                started.set_exception(exc)
                return
            started.set_result(run.id)
            options = ScreeningOptions(threshold=request.threshold,
                                       list_versions=request.list_versions)
            try:
                for _rows in run.screen(index.screener, upload.subjects, options, workers=1,
                                        chunk_rows=CHUNK_ROWS,
                                        id_column="id" in upload.subjects.columns):
                    pass  # stored as it goes; progress is read from the store
            except Exception as exc:
                # BatchRun finished it as failed when the input broke; anything else must not
                # leave the run "running" for ever. The message may quote a row: only the
                # kind of error is logged.
                log.warning("screening run %s failed: %s", run.id, type(exc).__name__)
                if reviews.get_run(run.id).status == RunStatus.RUNNING:
                    reviews.finish_run(run.id, RunStatus.FAILED, actor=request.actor)
                add_note(store.connection, run.id,
                         f"Failed: screening stopped with an error ({type(exc).__name__}); "
                         "the rows shown are those stored before it.")
        finally:
            upload.discard()
            store.close()
            self._running.release()
