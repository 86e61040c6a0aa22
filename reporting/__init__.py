"""The content editors' report (`make report`): what the assistant could not answer.

- `reporting.store`: read the conversation events from the tracker store.
- `reporting.analysis`: turn events into questions, outcomes, ratings and counts.
- `reporting.render`: the self-contained HTML page with an inline SVG chart.
- `reporting.tables`: the same lists as CSV files for a spreadsheet.
"""
