"""The content editors' report (`make report`): what the assistant could not answer.

- `vidensassistent.reporting.store`: read the conversation events from the tracker store.
- `vidensassistent.reporting.analysis`: turn events into questions, outcomes, ratings and counts.
- `vidensassistent.reporting.render`: the self-contained HTML page with an inline SVG chart.
- `vidensassistent.reporting.tables`: the same lists as CSV files for a spreadsheet.
"""
