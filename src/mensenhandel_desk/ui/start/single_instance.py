"""One running instance per vault and user, through a local socket.

``SingleInstance(vault_path).acquire()`` returns ``True`` when this process is the first
for that vault: it then listens, and emits ``raise_requested`` whenever a later start
knocks (the app raises and activates its window). When another instance already
listens, ``acquire`` sends it ``raise`` and returns ``False``: the new process quits.

The server name is a hash of the resolved vault path and the user name, so the name in
``/tmp`` (or the Windows pipe namespace) reveals neither. A socket file left by a
crashed instance is removed after a failed connect (``QLocalServer.removeServer``).
This is a convenience: the engine's exclusive lock (``VaultInUse``) stays the safety net.
GUI thread only.
"""

from __future__ import annotations

import getpass
import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise\n"
CONNECT_TIMEOUT_MS = 500


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment: fall back to the uid/profile
        return str(getattr(os, "getuid", lambda: os.environ.get("USERPROFILE", ""))())


def server_name(vault_path: Path) -> str:
    """A stable name for (user, vault) that contains no path or user name."""
    resolved = os.path.normcase(str(Path(vault_path).expanduser().resolve()))
    digest = hashlib.sha256(f"{_user()}\0{resolved}".encode()).hexdigest()
    return f"mhd-{digest[:32]}"


class SingleInstance(QObject):
    raise_requested = Signal()

    def __init__(self, vault_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(vault_path)
        self._server: QLocalServer | None = None

    @property
    def is_primary(self) -> bool:
        return self._server is not None and self._server.isListening()

    def acquire(self) -> bool:
        """``True``: we are the first for this vault (now listening). ``False``: another
        instance runs and has been asked to raise its window."""
        if self.is_primary:
            return True
        if self._knock():
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # The connect failed, so a socket file left here is stale (crashed instance).
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                server.deleteLater()
                return True  # cannot guard here; the vault's own lock still refuses twins
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def release(self) -> None:
        """Stop listening (on quit, or before switching to another vault)."""
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()  # takes the accepted sockets (its children) along
            self._server = None

    # --- internals ------------------------------------------------------------------------
    def _knock(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            socket.abort()
            return False
        socket.write(RAISE)
        socket.flush()
        socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        return True

    def _accept(self) -> None:
        server = self._server
        if server is None:
            return
        while server.hasPendingConnections():
            socket = server.nextPendingConnection()
            socket.readyRead.connect(self._ready_read)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        data = bytes(socket.readAll().data())
        if RAISE.strip() in data:
            self.raise_requested.emit()
