// A slider whose numbers follow the pointer while it drags (ui/live_slider.py mounts it).
//
// No maths here. The range input moves over grid positions 0 … n − 1, and everything it shows at
// position i (the value, the readouts, aria-valuetext, the marker's place on the curve, in percent of the
// plot's box) was computed by core/ in Python and arrives in `data`, indexed by i. The value goes to Python
// once, on release (the `change` event: pointer up, or each key press), one at a time (one_at_a_time.js).

const HTML = `
  <div class="cee-live-head"><label></label><output aria-hidden="true"></output></div>
  <small class="cee-live-help"></small>
  <input type="range" min="0" step="1">
  <div class="cee-live-ends" aria-hidden="true"><span></span><span></span></div>
  <div class="cee-live-readouts" aria-hidden="true"></div>
  <div class="cee-live-plot" aria-hidden="true">
    <svg viewBox="0 0 100 100" preserveAspectRatio="none">
      <polyline fill="none" vector-effect="non-scaling-stroke"></polyline>
      <line y1="0" y2="100" vector-effect="non-scaling-stroke"></line>
    </svg>
    <span class="cee-live-dot"></span>
  </div>`;

function show(root, data, i) {
  root.querySelector("output").textContent = data.labels[i];
  root.querySelector("input").setAttribute("aria-valuetext", data.aria[i]);
  root.querySelectorAll(".cee-live-readout strong").forEach((cell, r) => {
    cell.textContent = data.readouts[r].texts[i];
  });
  if (data.curve) {
    const [x, y] = data.curve.marks[i];
    const dot = root.querySelector(".cee-live-dot");
    dot.style.left = `${x}%`;
    dot.style.top = `${y}%`;
    root.querySelector("line").setAttribute("x1", x);
    root.querySelector("line").setAttribute("x2", x);
  }
}

export default function ({ data: payload, parentElement, setTriggerValue }) {
  // The view (grid, texts, curve) comes as JSON text Python made once for it; the value's index beside it.
  const data = { ...JSON.parse(payload.view), index: payload.index };
  let root = parentElement.querySelector(".cee-live-slider");
  if (!root) {
    root = document.createElement("div");
    root.className = "cee-live-slider";
    root.innerHTML = HTML;
    parentElement.appendChild(root);
  }
  const input = root.querySelector("input");
  input.id = `cee-live-${data.key}`;
  root.querySelector("label").htmlFor = input.id;
  root.querySelector("label").textContent = data.label;
  const help = root.querySelector(".cee-live-help");
  help.id = `cee-live-${data.key}-help`;
  help.textContent = data.help || "";
  help.hidden = !data.help;
  if (data.help) input.setAttribute("aria-describedby", help.id);
  else input.removeAttribute("aria-describedby");
  input.max = data.last;
  const [low, high] = root.querySelectorAll(".cee-live-ends span");
  low.textContent = data.labels[0];
  high.textContent = data.labels.at(-1);

  root.querySelector(".cee-live-readouts").replaceChildren(
    ...data.readouts.map((readout) => {
      const cell = document.createElement("span");
      cell.className = "cee-live-readout";
      cell.append(`${readout.name} `, document.createElement("strong"));
      return cell;
    }),
  );

  const plot = root.querySelector(".cee-live-plot");
  plot.hidden = !data.curve;
  if (data.curve) {
    plot.querySelector("polyline").setAttribute("points", data.curve.marks.map((m) => m.join(",")).join(" "));
    plot.style.setProperty("--cee-live-curve", data.curve.colour);
    plot.style.setProperty("--cee-live-marker", data.curve.marker);
  }

  // Python's value wins, unless a value of this slider's own is still on its way: the thumb never jumps
  // back to an older press while a newer one waits for its answer.
  const gate = oneAtATime(root);
  gate.answered(data.key, data.index);
  if (gate.idle(data.key)) input.value = data.index;
  show(root, data, Number(input.value));

  input.oninput = () => show(root, data, Number(input.value));
  input.onchange = () => {
    const index = Number(input.value);
    gate.send({ slider: data.key, index, value: data.values[index] }, (item) =>
      setTriggerValue("value", item.value),
    );
  };
}
