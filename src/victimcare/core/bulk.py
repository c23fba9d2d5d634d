"""Writing many new rows at once: PostgreSQL's COPY where it is available (ADR 27).

`bulk_insert` does what `bulk_create` (and django-simple-history's `bulk_history_create`)
do for new rows without conflicts, with the same values: each field's `pre_save` and
`get_db_prep_save`, so defaults, auto_now, encryption and JSON are as the ORM writes them,
and primary keys are set on the objects. On PostgreSQL it takes the ids from the table's
sequence in one query and streams the rows with COPY, instead of one large INSERT whose
parameters psycopg packs into arrays in Python. Fields whose value the database takes as
it is (text, numbers, booleans, foreign keys, dates) skip the ORM's preparation, and a
history row reuses its object's prepared values rather than preparing (and encrypting)
them again. Elsewhere (SQLite for `make run`) it is `bulk_create`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from django.db import connections, models, router
from django.db.models import Model, signals
from django.db.models.base import ModelState
from django.utils import timezone

M = TypeVar("M", bound=Model)
COPY_FROM = 20  # fewer rows go in one INSERT: a COPY costs a round trip more

# Field classes (exactly these, not subclasses such as the encrypted ones) whose Python
# value psycopg writes as the ORM would.
_AS_IS = (
    models.CharField,
    models.TextField,
    models.EmailField,
    models.SlugField,
    models.IntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.AutoField,
    models.BigAutoField,
    models.BooleanField,
    models.DateField,
    models.DateTimeField,
    models.ForeignKey,
    models.OneToOneField,
)


@dataclass(frozen=True)
class History:
    """Write a change-history row ("created") beside each object."""

    user: Any = None
    reason: str = ""


# Each table's id sequence, looked up once per database and named in the query as a
# constant. Named through `pg_get_serial_sequence`, it was looked up again for every id
# drawn (a catalogue search each time: a tenth of the PostgreSQL backend's time in an
# import).
_SEQUENCES: dict[tuple[str, str, str, str], str] = {}


def _next_ids(cursor: Any, table: str, column: str, count: int) -> list[int]:
    key = (cursor.db.alias, str(cursor.db.settings_dict["NAME"]), table, column)
    sequence = _SEQUENCES.get(key)
    if sequence is None:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
        name = cursor.fetchone()[0]
        sequence = _SEQUENCES[key] = "'{}'::regclass".format(name.replace("'", "''"))
    # The sequence's name is the catalogue's, quoted as a literal: a constant once parsed.
    cursor.execute(f"SELECT nextval({sequence}) FROM generate_series(1, %s)", [count])  # noqa: S608
    return [row[0] for row in cursor.fetchall()]


# Column types COPY sends in PostgreSQL's binary form (by their type's oid): varchar,
# text, boolean, smallint, integer, bigint, date, timestamptz, jsonb. The backend reads
# them without parsing text (a seventh of its time in an import, ADR 70); a table with a
# column of any other type is sent as text, as before.
_BINARY_OIDS = frozenset({1043, 25, 16, 21, 23, 20, 1082, 1184, 3802})
_COLUMN_OIDS: dict[tuple[str, str, str], dict[str, int]] = {}


def _column_oids(cursor: Any, table: str) -> dict[str, int]:
    key = (cursor.db.alias, str(cursor.db.settings_dict["NAME"]), table)
    oids = _COLUMN_OIDS.get(key)
    if oids is None:
        cursor.execute(
            "SELECT attname, atttypid::int FROM pg_attribute WHERE attrelid = %s::regclass"
            " AND attnum > 0 AND NOT attisdropped",
            [cursor.db.ops.quote_name(table)],
        )
        oids = _COLUMN_OIDS[key] = dict(cursor.fetchall())
    return oids


def _copy(cursor: Any, connection: Any, table: str, fields: Sequence[Any], rows: Any) -> None:
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    quoted = connection.ops.quote_name(table)
    oids = _column_oids(cursor, table)
    types = [oids.get(field.column) for field in fields]
    binary = all(oid in _BINARY_OIDS for oid in types)
    options = " (FORMAT BINARY)" if binary else ""
    with cursor.cursor.copy(f"COPY {quoted} ({columns}) FROM STDIN{options}") as copy:
        if binary:
            copy.set_types(types)
        for row in rows:
            copy.write_row(row)


class _Plan:
    """How one model's rows are read, worked out once per model: the fields whose value is
    written as it stands come first (read together from the object's `__dict__`), then
    those read through `pre_save` (auto_now), then those through the ORM's full
    preparation (encryption, JSON). COPY names its columns, so their order is free."""

    def __init__(self, fields: Sequence[Any]) -> None:
        as_is, pre_save, full = [], [], []
        for field in fields:
            if type(field) not in _AS_IS:
                full.append(field)
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                pre_save.append(field)
            else:
                as_is.append(field)
        self.fields = [*as_is, *pre_save, *full]
        self.as_is = [field.attname for field in as_is]
        self.pre_save = pre_save
        self.full = full
        # Each relation's cache name, id column and the related object's id attribute.
        self.relations = [
            (field.cache_name, field.attname, field.target_field.attname)
            for field in fields
            if field.is_relation
        ]
        self.private = bool(fields and fields[0].model._meta.private_fields)

    def related_ready(self, obj: Model) -> bool:
        """True if each related object assigned is saved and its id is already in place: all
        that `_prepare_related_fields_for_save` checks, without its walk of every field (it
        runs on any other object, and refuses an unsaved related one)."""
        if self.private:
            return False
        cache, state = obj._state.fields_cache, obj.__dict__
        for name, attname, target in self.relations:
            related = cache.get(name)
            if related is None:
                continue
            value = getattr(related, target)
            if value is None or state[attname] != value:
                return False
        return True

    def row(self, obj: Model, connection: Any) -> list:
        state = obj.__dict__
        row = [
            value.value if isinstance(value, Enum) else value  # psycopg would write its name
            for value in [state[name] for name in self.as_is]
        ]
        row += [field.pre_save(obj, True) for field in self.pre_save]
        row += [
            field.get_db_prep_save(field.pre_save(obj, True), connection) for field in self.full
        ]
        return row


_PLANS: dict[type, _Plan] = {}


def _plan(model: type[Model]) -> _Plan:
    plan = _PLANS.get(model)
    if plan is None:
        plan = _PLANS[model] = _Plan(model._meta.concrete_fields)
    return plan


class _Blank:
    """What a new object of one model starts with, worked out once: each field's default,
    and which names are set through a descriptor (relations, properties)."""

    def __init__(self, model: type[Model]) -> None:
        self.constant: dict[str, Any] = {}
        self.computed: list[Any] = []  # fields whose default is a callable, called per object
        self.plain: set[str] = set()
        for field in model._meta.concrete_fields:
            if field.has_default() and callable(field.default):
                self.computed.append(field)
            else:
                self.constant[field.attname] = field.get_default()
            if not field.is_relation:
                self.plain.add(field.attname)
        self.settable = {
            name
            for field in model._meta.concrete_fields
            if field.is_relation
            for name in (field.name, field.attname)
        } | {name for name in dir(model) if isinstance(getattr(model, name, None), property)}


_BLANKS: dict[type, _Blank] = {}


def new_unsaved(model: type[M], values: dict[str, Any]) -> M:
    """`model(**values)` for a new object made in bulk, without the ORM's per-field walk of
    the keyword arguments: the defaults are set in one go, plain values in another, and
    relations (and anything else) through their descriptors as `__init__` would. For
    models with no `__init__` of their own and no pre_init or post_init receivers."""
    blank = _BLANKS.get(model)
    if blank is None:
        if (
            model.__init__ is not Model.__init__
            or signals.pre_init.has_listeners(model)
            or signals.post_init.has_listeners(model)
        ):
            return model(**values)
        blank = _BLANKS[model] = _Blank(model)
    obj = model.__new__(model)
    obj._state = ModelState()
    state = obj.__dict__
    state.update(blank.constant)
    for field in blank.computed:
        if field.attname not in values and field.name not in values:
            state[field.attname] = field.get_default()
    plain = blank.plain
    state.update({name: value for name, value in values.items() if name in plain})
    for name, value in values.items():
        if name not in plain:
            if name not in blank.settable:
                raise TypeError(f"{model.__name__}() got an unexpected keyword argument '{name}'")
            setattr(obj, name, value)
    return obj


def bulk_insert(objs: Sequence[M], *, history: History | None = None) -> list[M]:
    """Insert these new objects (all of one model), with their history rows if asked, and
    return them with their ids. Runs in the caller's transaction."""
    if not objs:
        return []
    model = type(objs[0])
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql" or len(objs) < COPY_FROM:
        created = model._default_manager.bulk_create(objs)
        if history is not None:
            model.history.bulk_history_create(  # type: ignore[attr-defined]
                created, default_user=history.user, default_change_reason=history.reason
            )
        return created
    opts = model._meta
    plan = _plan(model)
    pk = opts.pk
    assert pk is not None
    for obj in objs:
        if not plan.related_ready(obj):
            obj._prepare_related_fields_for_save(operation_name="bulk_insert")  # type: ignore[attr-defined]
    missing = [obj for obj in objs if obj.pk is None]
    with connection.cursor() as cursor:
        if missing:
            new_ids = _next_ids(cursor, opts.db_table, pk.column, len(missing))
            for obj, new_id in zip(missing, new_ids, strict=True):
                setattr(obj, pk.attname, new_id)
        rows = [plan.row(obj, connection) for obj in objs]
        _copy(cursor, connection, opts.db_table, plan.fields, rows)
        if history is not None:
            _history_rows(cursor, connection, model, objs, plan.fields, rows, history)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias
    return list(objs)


def _history_rows(
    cursor: Any,
    connection: Any,
    model: Any,
    objs: Sequence[Model],
    fields: Sequence[Any],
    rows: Sequence[list],
    history: History,
) -> None:
    """The historical model's rows: each tracked field's value as just prepared for the
    object itself, and the history's own fields as django-simple-history writes them."""
    from simple_history.utils import get_change_reason_from_object

    history_model = model.history.model
    history_pk = history_model._meta.pk
    position = {field.attname: n for n, field in enumerate(fields)}
    tracked = {field.attname for field in history_model.tracked_fields}
    # The history's own fields as django-simple-history writes them, in this order (the
    # relation field only where the historical model has one).
    own_names = [
        history_pk.attname,
        "history_date",
        "history_change_reason",
        "history_type",
        "history_user_id",
        "history_relation_id",
    ]
    concrete = list(history_model._meta.concrete_fields)
    present = {field.attname: field for field in concrete}
    keep = [n for n, name in enumerate(own_names) if name in present]
    own = [present[own_names[n]] for n in keep]
    copied = [
        field
        for field in concrete
        if field not in own and field.attname in tracked and field.attname in position
    ]
    constant = [field for field in concrete if field not in own and field not in copied]
    positions = [position[field.attname] for field in copied]
    defaults = [field.get_db_prep_save(field.get_default(), connection) for field in constant]
    ids = _next_ids(cursor, history_model._meta.db_table, history_pk.column, len(objs))
    now = timezone.now()
    user = history.user or history_model.get_default_history_user(objs[0])
    user_id = getattr(user, "pk", None)

    def values(obj: Model, row: list, history_id: int) -> list:
        own_values = (
            history_id,
            getattr(obj, "_history_date", now),
            get_change_reason_from_object(obj) or history.reason,
            "+",
            getattr(getattr(obj, "_history_user", None), "pk", user_id),
            obj.pk,
        )
        return [*[own_values[n] for n in keep], *[row[n] for n in positions], *defaults]

    _copy(
        cursor,
        connection,
        history_model._meta.db_table,
        [*own, *copied, *constant],
        (
            values(obj, row, history_id)
            for obj, row, history_id in zip(objs, rows, ids, strict=True)
        ),
    )
