"""The job desk's models, one module per part; every module is re-exported
here so ``from jobs.models import Vacancy`` works for all of them."""

from jobs.models.authorisation import *  # noqa: F401,F403
from jobs.models.boards import *  # noqa: F401,F403
from jobs.models.candidates import *  # noqa: F401,F403
from jobs.models.employers import *  # noqa: F401,F403
from jobs.models.matching import *  # noqa: F401,F403
from jobs.models.vacancies import *  # noqa: F401,F403
