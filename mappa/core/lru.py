"""A small thread-safe least-recently-used map, for things built once and reused within a process."""
from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock

MISSING = object()


class Lru:
    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = Lock()

    def get_or_make(self, key: Hashable, make: Callable):
        """The value kept under `key`, or `make()`'s, kept from now on (the oldest goes beyond `size`)."""
        with self._lock:
            found = self._items.get(key, MISSING)
            if found is not MISSING:
                self._items.move_to_end(key)
                return found
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
