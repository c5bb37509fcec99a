"""The Lesson page: every lesson in lessons/, and /lesson?lesson=intro&step=7 (ui/lesson.py).

A file in pages/ like the lab's pages, not a function: until the app has run
once, a freshly started server knows only the files in pages/, so a link to
a page that is a function ("/lesson?...", the first visit after a redeploy)
drew Streamlit's "Page not found" dialog over the lesson.
"""

from ui import lesson

lesson.index()
