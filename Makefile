# The two commands of the README: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: serve install db test lint messages clean

serve: db
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

install: $(BIN)/.installed

$(BIN)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

db: install
	$(BIN)/python manage.py migrate --no-input -v0
	$(BIN)/python manage.py load_gazetteers
	$(BIN)/python manage.py import_articles fixtures/articles

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# After changing a message of the public site (needs GNU gettext: apt-get install gettext):
# collects the messages into locale/zh_Hans/LC_MESSAGES/django.po for translating, and
# compiles it to the django.mo that is committed beside it (make serve and make test need no
# gettext tools; tests/site/test_translations.py checks the two agree).
messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --no-location --no-obsolete \
		-i 'tests/*' -i 'tools/*' -i 'bench/*' -i 'fixtures/*' -i 'staticfiles/*'
	$(BIN)/python manage.py compilemessages -l zh_Hans -i .venv

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
