"""Nothing of this app is on Django's admin site, on purpose: disclosures are read
only by the designated ethics officer, through the ethics pages, and the
designations are kept there too, where every change is audited."""
