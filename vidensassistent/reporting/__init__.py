"""The content editors' report (`make report`): what the assistant could not answer.

- `vidensassistent.reporting.store`: read the conversation events from the tracker store.
- `vidensassistent.reporting.analysis`: turn events into questions, outcomes, ratings and counts.
- `vidensassistent.reporting.formatting`: numbers, times, topics and questions as the report writes them.
- `vidensassistent.reporting.chart`: the geometry of the chart of answers per topic over time.
- `vidensassistent.reporting.render`: the self-contained HTML page with the inline SVG chart
  (vidensassistent/templates/report.html.j2, report_chart.html.j2, report.css; Jinja2, autoescape).
- `vidensassistent.reporting.tables`: the same lists as CSV files for a spreadsheet.
"""
