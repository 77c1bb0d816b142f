// One value in flight at a time (Python puts this file before live_slider.js and live_grid.js).
//
// A value goes to Python at once unless an earlier one is still waiting for its answer (the page rerun
// with it); then it waits, and when the answer comes the latest waiting value of each slider goes. Two
// values sent back to back make Streamlit stop the first rerun for the second, and the browser can keep
// the stopped run's numbers: a quick double key press then left the page on the first press.
const ANSWER_WAIT = 3000; // ms: a value with no answer by then (refused, or its run lost) stops holding

function oneAtATime(root) {
  const gate = (root.gate ||= { flying: null, waiting: new Map(), timer: 0, post: null });
  const go = (item) => {
    gate.flying = item;
    gate.waiting.delete(item.slider);
    clearTimeout(gate.timer);
    gate.timer = setTimeout(() => next(null), ANSWER_WAIT);
    gate.post(item);
  };
  const next = (answer) => {
    if (gate.flying === null || (answer !== null && answer !== `${gate.flying.slider}:${gate.flying.index}`)) {
      return;
    }
    clearTimeout(gate.timer);
    gate.flying = null;
    const [first] = gate.waiting.values();
    if (first) go(first);
  };
  return {
    // item: {slider: its key, index: its grid position, ...what post needs}
    send(item, post) {
      gate.post = post;
      if (gate.flying === null) go(item);
      else gate.waiting.set(item.slider, item);
    },
    // this run shows `slider` at `index`: the answer to the value in flight, if it is that one
    answered(slider, index) {
      next(`${slider}:${index}`);
    },
    // whether Python's value may move this slider's thumb: none of its own values is in flight or waiting
    // (a late run, such as a second rerun of an earlier press, must not pull the thumb back)
    idle(slider) {
      return gate.flying?.slider !== slider && !gate.waiting.has(slider);
    },
  };
}
