from ui.classroom import class_page, intro
from ui.shell import page_setup

settings = page_setup("class", intro=intro())
class_page(settings)
