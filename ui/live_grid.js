// A grid of sliders whose shared readouts follow whichever one drags (ui/live_grid.py mounts it).
//
// No maths here. Each range input moves over grid positions 0 … n − 1. What the grid shows while slider k
// is at position i (the readouts' texts, and each bar's share and width) was computed by core/ in Python
// and arrives in `data` as runs, [value, end] pairs, expanded here into one entry per position. The value
// goes to Python once, on release (the `change` event: pointer up, or each key press). Names are user text:
// they are only ever set as textContent.

function expand(runs) {
  const out = [];
  let start = 0;
  for (const [value, end] of runs) {
    out.length = end;
    out.fill(value, start, end);
    start = end;
  }
  return out;
}

function cell(key, label) {
  const root = document.createElement("div");
  root.className = "cee-live-slider cee-live-cell";
  root.innerHTML = `<div class="cee-live-head"><label></label><output aria-hidden="true"></output></div>
    <input type="range" min="0" step="1">`;
  const input = root.querySelector("input");
  input.id = `cee-live-${key}`;
  input.dataset.key = key;
  root.querySelector("label").htmlFor = input.id;
  root.querySelector("label").textContent = label;
  return root;
}

function bar(name) {
  const row = document.createElement("div");
  row.className = "cee-live-bar";
  row.innerHTML = `<span class="cee-live-bar-name"></span><span class="cee-live-bar-track"><span
    class="cee-live-bar-fill"></span></span><span class="cee-live-bar-share"></span>`;
  row.querySelector(".cee-live-bar-name").textContent = name;
  return row;
}

// Slider k at position i: its printed value, aria-valuetext, the readouts and the bars.
function show(root, data, shown, k, i) {
  const input = root.querySelectorAll("input")[k];
  input.closest(".cee-live-cell").querySelector("output").textContent = data.labels[i];
  const texts = shown.readouts.map((readout, r) => `${readout[k][i]}${data.readouts[r].texts[k].suffix}`);
  root.querySelectorAll(".cee-live-readout strong").forEach((strong, r) => {
    strong.textContent = texts[r];
  });
  const said = data.readouts.map((readout, r) => `${readout.name} ${texts[r]}`);
  if (data.bars) {
    root.querySelectorAll(".cee-live-bar").forEach((row, j) => {
      const [share, width] = data.bars.shares[shown.bars[k][j][i]];
      row.querySelector(".cee-live-bar-share").textContent = share;
      row.querySelector(".cee-live-bar-fill").style.width = width;
      if (j === k) said.push(`${data.bars.names[j]} ${share}`);
    });
  }
  input.setAttribute("aria-valuetext", `${data.labels[i]}: ${said.join(", ")}`);
}

export default function ({ data: payload, parentElement, setTriggerValue }) {
  const data = JSON.parse(payload.view);  // one JSON string from Python (ui/live_grid.py's _text)
  let root = parentElement.querySelector(".cee-live-grid");
  const keys = data.sliders.map((slider) => slider.key).join(",");
  if (!root || root.dataset.keys !== keys) {  // the same sliders keep their DOM, so a drag survives a rerun
    root?.remove();
    root = document.createElement("div");
    root.className = "cee-live-grid";
    root.dataset.keys = keys;
    root.innerHTML = `<div class="cee-live-cells"></div><div class="cee-live-readouts" aria-hidden="true"></div>
      <div class="cee-live-bars" aria-hidden="true"></div>`;
    root.querySelector(".cee-live-cells").append(...data.sliders.map((s) => cell(s.key, s.label)));
    parentElement.appendChild(root);
  }
  const gate = oneAtATime(root);
  data.sliders.forEach((slider) => gate.answered(slider.key, slider.index));
  root.style.setProperty("--cee-live-columns", data.columns);
  root.querySelector(".cee-live-readouts").replaceChildren(
    ...data.readouts.map((readout) => {
      const span = document.createElement("span");
      span.className = "cee-live-readout";
      span.append(`${readout.name} `, document.createElement("strong"));
      return span;
    }),
  );
  root.querySelector(".cee-live-bars").replaceChildren(...(data.bars ? data.bars.names.map(bar) : []));
  if (data.bars) root.style.setProperty("--cee-live-bar", data.bars.colour);
  const shown = {
    readouts: data.readouts.map((readout) => readout.texts.map((texts) => expand(texts.runs))),
    bars: data.bars && data.bars.runs.map((columns) => columns.map(expand)),
  };

  root.querySelectorAll("input").forEach((input, k) => {
    const slider = data.sliders[k];
    input.max = data.last;
    input.closest(".cee-live-cell").querySelector("label").textContent = slider.label;
    // Python's value wins, unless a value of this slider's own is still on its way (as live_slider.js)
    if (gate.idle(slider.key)) input.value = slider.index;
    input.oninput = () => show(root, data, shown, k, Number(input.value));
    input.onchange = () => {
      const index = Number(input.value);
      gate.send({ slider: slider.key, index, value: data.labels[index] }, (item) =>
        setTriggerValue("value", { key: item.slider, value: item.value }),
      );
    };
  });
  const inputs = [...root.querySelectorAll("input")];
  inputs.forEach((input, k) => show(root, data, shown, k, Number(input.value)));
  // the shared readouts and bars show the last slider drawn: a slider whose own press still waits for its
  // answer is drawn last, so they show its value, not the run's older one
  const busy = data.sliders.findIndex((slider) => !gate.idle(slider.key));
  if (busy >= 0) show(root, data, shown, busy, Number(inputs[busy].value));
}
