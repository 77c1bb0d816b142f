from ui.classroom import class_page
from ui.shell import page_setup

settings = page_setup("class")
class_page(settings)
