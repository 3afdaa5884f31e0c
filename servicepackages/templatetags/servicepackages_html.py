"""The catalogue's badges and facts and the visit checklist's fields and product lines
for templates: `{% load servicepackages_html %}{% level_badge product %}`. The markup is
drawn in Python by `servicepackages.html` (see there why)."""

from django import template

from .. import html

register = template.Library()

register.simple_tag(html.level_badge, name="level_badge")
register.simple_tag(html.demand_status_badge, name="demand_status_badge")
register.simple_tag(html.product_facts, name="product_facts")
register.simple_tag(html.checklist_field, name="checklist_field")
register.simple_tag(html.checklist_line, name="checklist_line")
