"""The supplier's workspace in the back office: its own shop's dashboard, offers, shipments and settings
(its price lists are the imports pages, scoped by imports.selectors). Every list and page is scoped to the
shop the signed-in supplier works for; another shop's object answers 404; staff do not use it."""
