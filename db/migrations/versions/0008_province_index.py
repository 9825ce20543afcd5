"""the province's own CCHC index: a framework's level, origin, fingerprint and classification bands; a
criterion's scoring rule, required evidence, bands and survey mark; the value a band scored; survey points; the
self-assessments a received bundle carried; a submission's task counts

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 08:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('framework', schema=None) as batch_op:
        batch_op.add_column(sa.Column('level', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('origin', sa.String(length=10), server_default='catalog', nullable=False))
        batch_op.add_column(sa.Column('fingerprint', sa.String(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('classes', sa.JSON(), nullable=True))
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rule', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('evidence_required', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('bands', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('survey', sa.Boolean(), server_default='0', nullable=False))
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.add_column(sa.Column('measured', sa.String(length=100), server_default='', nullable=False))
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assessments', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('task_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('done_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('evidence_count', sa.Integer(), nullable=True))
    # The counts of the submissions already received, from their task lists (SQLite's JSON functions).
    op.execute(
        "UPDATE submission SET "
        "task_count = coalesce(json_array_length(tasks), 0), "
        "done_count = (SELECT count(*) FROM json_each(submission.tasks) "
        "WHERE json_extract(value, '$.status') IN ('done', 'done_late')), "
        "evidence_count = (SELECT count(*) FROM json_each(submission.tasks) "
        "WHERE coalesce(json_extract(value, '$.evidence'), 0) > 0)"
    )
    op.create_table(
        'survey_point',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('framework_id', sa.Integer(), nullable=False),
        sa.Column('agency_key', sa.String(length=300), nullable=False),
        sa.Column('agency_name', sa.String(length=300), nullable=False),
        sa.Column('criterion_code', sa.String(length=30), nullable=False),
        sa.Column('points', sa.Float(), nullable=False),
        sa.Column('source_file', sa.String(length=500), nullable=False),
        sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['framework_id'], ['framework.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('framework_id', 'agency_key', 'criterion_code'),
    )
    with op.batch_alter_table('survey_point', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_point_framework_id'), ['framework_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('survey_point', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_point_framework_id'))
    op.drop_table('survey_point')
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_column('evidence_count')
        batch_op.drop_column('done_count')
        batch_op.drop_column('task_count')
        batch_op.drop_column('assessments')
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.drop_column('measured')
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.drop_column('survey')
        batch_op.drop_column('bands')
        batch_op.drop_column('evidence_required')
        batch_op.drop_column('rule')
    with op.batch_alter_table('framework', schema=None) as batch_op:
        batch_op.drop_column('classes')
        batch_op.drop_column('fingerprint')
        batch_op.drop_column('origin')
        batch_op.drop_column('level')
