// A page opened by Next, Previous, the sidebar or a presenter's key starts at its top. These open it in the
// same document, and when the new page streams in before the old one is cleared, the browser keeps the old
// offset and moves it to keep its place as content arrives: a lesson left at its end opened the next one
// at its "Why" section.
(() => {
  const page = document.currentScript.dataset.page;
  if (window.ceeOpenedPage === page) return; // a rerun of the same page keeps the learner's place
  window.ceeOpenedPage = page;
  if (!location.hash) document.querySelector('[data-testid="stMain"]')?.scrollTo(0, 0); // a #section link goes there
})();
