"""Settings of the load benchmark's gunicorn: the project's, with the throttles on a Redis of their own
(THROTTLE_REDIS_URL), so that the catalogue cache's Redis counts catalogue reads only."""

import os

from config.settings import *  # noqa: F403
from config.settings import CACHES

CACHES["throttle"]["LOCATION"] = os.environ["THROTTLE_REDIS_URL"]
