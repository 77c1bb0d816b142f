"""The catalogue: every page of the app, in teaching order, with its link parameters. The one list.

A page's slug is its URL path and its file name: slug "binary" is /binary and pages/binary.py; Home is
slug "" and app.py. The sidebar, Home's map, each page's title and icon (page_setup(slug)), the quiz's
page references, the link helpers and their tests, the README table test and the benchmarks all read
this list. Pure Python (standard library only), so that any module may import it.

Each page lists its parameters in the order its widgets appear. A parameter is one query key, or a family
of keys (name "z{i}", count 10: z0 ... z9) with one default per member. Kinds are the bound widget that
reads it: slider (low, high, step), select_slider, radio and selectbox (options, as the link spells them),
toggle (False/True) and text. ui.widgets has one link helper per kind, which reads all of this, and
page_setup warns about every unusable link value. options=None: the page supplies the options (they come
from a file or another table), and its widget helper checks the link against them; a text parameter is
checked by the page, as typed text is.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Param:
    """One link parameter (or a family of them): its key, widget kind, default, and range or options."""

    name: str
    kind: str
    default: object
    low: float | None = None
    high: float | None = None
    step: float | None = None
    options: tuple | None = None
    count: int = 1
    note: str = ""  # what the README says about it, when the name alone does not

    def query_keys(self):
        """The query keys: the name itself, or name.format(i=0 ... count - 1) for a family."""
        if self.count == 1:
            return (self.name,)
        return tuple(self.name.format(i=index) for index in range(self.count))

    def default_of(self, key):
        """The default of one key (a family holds one default per member)."""
        if self.count == 1:
            return self.default
        return self.default[self.query_keys().index(key)]


@dataclass(frozen=True)
class Page:
    """One page: slug (URL path = pages/<slug>.py; "" is Home), title, icon, blurb, link parameters."""

    slug: str
    title: str
    icon: str
    blurb: str
    params: tuple = ()
    teaches: bool = True  # a quiz question may send the learner here ("Page: <lesson>")
    heading: str = ""  # the page's own heading, when it says more than the title

    @property
    def path(self):
        """The script, as st.page_link and AppTest name it."""
        return "app.py" if self.slug == "" else f"pages/{self.slug}.py"

    @property
    def lesson(self):
        """The lesson file's name in assets/lessons/ and the quiz bank's "Page:" name."""
        return self.slug or "home"

    @property
    def url(self):
        return f"/{self.slug}"

    def param(self, key):
        """The parameter that reads query key `key` on this page, or None."""
        return next((param for param in self.params if key in param.query_keys()), None)


def _slider(name, default, low, high, step, **more):
    return Param(name, "slider", default, low=low, high=high, step=step, **more)


def _choice(kind, name, options, default=None, **more):
    return Param(name, kind, options[0] if default is None and options else default, options=options, **more)


_ZEROS = (0.0,) * 7
# The lessons with a problem sheet on /exercises, by lesson name (Page.lesson), in teaching order: the page's
# `exsheet` options, its list of sheets, and the lessons whose end links to their own sheet.
SHEETS = ("home", "binary", "multiclass")
# fmt: off
PAGES = (
    Page("", "Home", ":material/home:",
         "What a loss function is, and the formula in one line.",
         (_slider("cat", 0.7, 0.0, 1.0, 0.01),),
         heading="Cross-Entropy Explorer"),
    Page("binary", "Binary cross-entropy", ":material/contrast:",
         "Spam or not: watch the loss grow as a confident guess goes wrong, next to MSE.",
         (_slider("q", 0.7, 0.0, 1.0, 0.01), _choice("radio", "y", (1, 0)))),
    Page("multiclass", "Softmax & multi-class", ":material/bar_chart:",
         "Scores become probabilities; the loss compares them with the target, one-hot, soft or smoothed.",
         (Param("classes", "text", "dog,cat,rabbit", note="comma-separated names"),
          _choice("radio", "mode", ("logits", "probabilities")),
          _slider("temp", 1.0, 0.1, 5.0, 0.1),
          _slider("z{i}", (2.0, 1.0, 0.1, *_ZEROS), -10.0, 10.0, 0.01, count=10, note="logits"),
          _slider("q{i}", (0.7, 0.2, 0.1, *(0.1,) * 7), 0.0, 1.0, 0.01, count=10, note="weights"),
          _choice("radio", "target", ("one-hot", "soft")),
          _choice("radio", "true", None, default="dog", note="a class name"),
          _slider("t{i}", (0.3, 0.6, 0.1, *_ZEROS), 0.0, 1.0, 0.01, count=10, note="soft labels"),
          _slider("smooth", 0.0, 0.0, 0.5, 0.01)),
         heading="Softmax and multi-class cross-entropy"),
    Page("ce-vs-mse", "Cross-entropy vs MSE", ":material/compare_arrows:",
         "Why classifiers use cross-entropy: the loss and its gradient, side by side with MSE's.",
         (_slider("q", 0.2, 0.0, 1.0, 0.01), _choice("toggle", "log", (False, True))),
         heading="Cross-entropy vs mean squared error"),
    Page("training", "Training lab", ":material/model_training:",
         "Press Play: the same classifier trained with cross-entropy and with MSE, step by step.",
         (_choice("radio", "data", ("Blobs", "XOR blobs", "Two moons")),
          _choice("radio", "k", (2, 3), default=3, note="blobs only"),
          _slider("overlap", 0.5, 0.0, 1.0, 0.05),
          _slider("seed", 0, 0, 99, 1),
          _choice("toggle", "hidden", (False, True), note="a hidden layer"),
          _slider("width", 8, 2, 32, 1, note="hidden units"),
          _choice("radio", "act", ("tanh", "ReLU")),
          _choice("toggle", "fair", (True, False), note="each loss at its own best rate"),
          _choice("select_slider", "lr", (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10), default=0.5),
          _slider("steps", 200, 10, 1000, 10),
          _slider("init", 8.0, 0.0, 10.0, 0.5),
          _choice("select_slider", "wd", (0.0, 0.001, 0.003, 0.01, 0.03, 0.1), note="weight decay λ")),
         heading="Training lab: cross-entropy vs MSE"),
    Page("information", "Entropy, KL & cross-entropy", ":material/stacked_bar_chart:",
         "Cross-entropy = entropy + KL: the part no model removes, the part a better one does.",
         (_slider("ip{i}", (4.0, 2.0, 1.0, 1.0), 0.0, 10.0, 0.5, count=4, note="truth"),
          _slider("iq{i}", (1.0, 4.0, 2.0, 1.0), 0.0, 10.0, 0.5, count=4, note="forecast")),
         heading="Entropy, KL divergence and cross-entropy"),
    Page("sequences", "Sequences & perplexity", ":material/notes:",
         "A sentence scored word by word, perplexity, and a policy pulled toward a target.",
         (_slider("tok{i}", (0.1, 0.05, 0.2, 0.6, 0.8, 0.4), 0.0, 1.0, 0.01, count=6,
                  note="each token's probability"),
          _slider("plr", 1.0, 0.1, 5.0, 0.1), _slider("pst", 3, 0, 50, 1, note="policy steps"))),
    # Probabilities on a log-like ladder, kept as text so that the link shows exactly what the slider shows.
    # The defaults open on the problem: an infinite loss, a float32 overflow and a log of 0.
    Page("numerics", "Numerical stability", ":material/warning:",
         "log 0, overflowing softmax, and why frameworks want logits, computed live.",
         (_choice("select_slider", "nq", ("0", "1e-300", "1e-12", "1e-6", "0.001", "0.01", "0.1", "0.5",
                                          "0.9", "1")),
          _choice("select_slider", "neps", ("1e-12", "1e-7", "1e-4", "0.001", "0.01", "0.1"), default="1e-7",
                  note="clip level c"),
          _slider("nz", 100, 0, 1000, 1), _slider("nd", 800, 0, 1000, 1))),
    Page("variants", "Variants", ":material/tune:",
         "Class weights, focal loss and label smoothing against plain cross-entropy.",
         (_slider("vq", 0.7, 0.0, 1.0, 0.01), _slider("vk", 2, 2, 10, 1),
          _slider("vg", 2.0, 0.0, 5.0, 0.1, note="γ"),
          _slider("vr", 0.1, 0.01, 0.9, 0.01, note="class share"),
          _slider("vs", 0.1, 0.0, 0.5, 0.01, note="smoothing")),
         heading="Variants of cross-entropy"),
    Page("data", "Your data", ":material/table_chart:",
         "A whole data set, your own CSV included: per-sample losses, their average, and the worst rows.",
         (_choice("radio", "kind", ("binary", "multiclass")), _choice("toggle", "logits", (False, True)),
          _choice("toggle", "clip", (False, True), note="clip as scikit-learn's log_loss does")),
         heading="Your data: the loss of a whole data set"),
    Page("misconceptions", "Common misconceptions", ":material/lightbulb:",
         "Nine myths about cross-entropy, each with a counterexample to change and one sentence of truth.",
         (_slider("mwrong", 0.02, 0.01, 0.49, 0.01, note="A's mistake"),
          _slider("mk", 10, 3, 20, 1, note="K"), _slider("mt", 0.3, 0.01, 0.49, 0.01, note="q, true class"),
          _slider("mp", 0.9, 0.01, 0.99, 0.01, note="p"), _slider("mq", 0.5, 0.01, 0.99, 0.01, note="q"),
          _slider("mz", 1.0, -5.0, 5.0, 0.1, note="a wrong logit"),
          _slider("msplit", 0.5, 0.05, 0.95, 0.05, note="wrong mass split"),
          _slider("mscale", 3.0, 0.25, 4.0, 0.25, note="logit scale"),
          _slider("minit", 3.0, 0.0, 10.0, 0.5, note="initial weights"),
          _slider("mgap", -5.0, -10.0, 10.0, 0.5, note="the true class's logit; the others are 0"),
          _slider("mz0", 0.0, -5.0, 5.0, 0.1), _slider("mz1", 2.0, -5.0, 5.0, 0.1),
          _slider("mbits", 0.1, 0.01, 1.0, 0.01, note="q, nats vs bits"))),
    Page("exercises", "Problem sheets", ":material/edit_note:",
         "Exam-style exercises with fresh numbers, worked solutions step by step, and a printable sheet.",
         (_choice("radio", "exsheet", SHEETS, note="a lesson's sheet"),
          _slider("exseed", 1, 1, 999, 1, note="the seed of the sheet's numbers")),
         teaches=False, heading="Problem sheets with worked solutions"),
    Page("quiz", "Quiz", ":material/quiz:",
         "Check yourself: multiple choice, numeric questions with fresh numbers, and guess-the-loss.",
         (_choice("radio", "qmode", ("Multiple choice", "Numeric", "Predict then reveal")),
          _choice("selectbox", "qkind", None, default="Any kind",
                  note="the kind of question, not the questions")),
         teaches=False),
    Page("flashcards", "Flashcards", ":material/style:",
         "Key terms and everyday analogies: flip, sort into known and again, go round again.",
         (_choice("radio", "fcgroup", None, default="All cards",
                  note="a group of cards; the piles stay out"),),
         teaches=False),
    Page("notation", "Notation card", ":material/functions:",
         "Every symbol with its one meaning, the key formulas and five worked numbers, on one printable "
         "page.",
         teaches=False),
    Page("plan", "Lesson plan", ":material/school:",
         "For teachers: a class of about an hour through the app, each question asked before its reveal.",
         teaches=False),
    Page("class", "Class mode", ":material/groups:",
         "The class answers on their phones; the projector shows the spread, then the answer.",
         (Param("join", "text", "", note="a class code"),),
         teaches=False),
)
# fmt: on
BY_SLUG = {page.slug: page for page in PAGES}


def page(slug):
    """The catalogue entry of `slug` ("" for Home)."""
    return BY_SLUG[slug]


def link_keys():
    """Every query key a page reads (the sidebar's settings, on every page, are ui.shell.SETTINGS)."""
    keys = {}
    for entry in PAGES:
        for param in entry.params:
            keys.update(dict.fromkeys(param.query_keys()))
    return tuple(keys)


def sheet_query(slug):
    """The query that opens lesson `slug`'s problem sheet on /exercises, or None if it has no sheet."""
    name = page(slug).lesson
    return {"exsheet": name} if name in SHEETS else None


@dataclass(frozen=True)
class Lesson:
    """A lesson's place in the course: its objectives, an estimated time, and what the learner can now do."""

    minutes: int
    objectives: tuple
    can_now: str


# The course: each lesson's objectives, time and "you can now" line (one source; ui.course draws them).
# Lessons follow PAGES' order; a page with no entry here is not a lesson (quiz, flashcards, notation, plan).
# fmt: off
COURSE = {
    "": Lesson(5, ("say what a loss function is and why training lowers it",
                   "read the formula H(p, q) and see that only the true class's probability counts here"),
               "say what a loss function is, and why a model that gives the true class little probability "
               "pays a lot"),
    "binary": Lesson(10, ("compute a binary cross-entropy by hand",
                          "turn predictions into a data set's loss: log terms, running sum, divide by N",
                          "explain why one confident mistake costs so much"),
                     "compute a binary cross-entropy by hand, average it over a data set, and say why a "
                     "confident mistake costs so much"),
    "multiclass": Lesson(10, ("turn logits into probabilities with softmax",
                              "compute the loss for a one-hot, soft or smoothed target",
                              "say what temperature does"),
                         "turn logits into probabilities, and compute multi-class cross-entropy for any "
                         "target"),
    "ce-vs-mse": Lesson(8, ("compare the penalty cross-entropy and MSE give the same wrong prediction",
                            "compare their gradients in the logit, and where each is strong or weak"),
                        "explain why classifiers use cross-entropy rather than MSE, from the gradient"),
    "training": Lesson(10, ("watch one model trained with cross-entropy and with MSE",
                            "judge a race between two losses fairly"),
                       "run a fair race between cross-entropy and MSE, read from its numbers which loss "
                       "trains faster in that setting, and say why: saturation, or only a step size"),
    "information": Lesson(10, ("compute entropy and KL divergence",
                               "split cross-entropy into H(p) + KL(p ‖ q)",
                               "convert between nats and bits"),
                          "split a cross-entropy into the part no model removes and the part a better "
                          "model does"),
    "sequences": Lesson(8, ("sum per-token losses over a sentence", "turn the mean loss into perplexity"),
                        "score a sentence token by token and read its perplexity"),
    "numerics": Lesson(8, ("see where log 0 and exp overflow break a naive loss",
                           "explain why frameworks take logits"),
                       "say why a loss is computed from logits with log-sum-exp, and what clipping does"),
    "variants": Lesson(8, ("weigh rare classes", "down-weight easy samples with focal loss",
                           "soften targets with label smoothing"),
                       "choose between class weights, focal loss and label smoothing for a data set"),
    "data": Lesson(8, ("compute the loss of a whole data set, your own CSV included",
                       "find the samples that dominate the average"),
                   "compute the loss of any data set and find the samples that dominate it"),
    "misconceptions": Lesson(15, ("say why a lower loss can go with a lower accuracy",
                                  "say what log K does and does not tell you",
                                  "spot a double softmax in code"),
                             "answer the nine common myths about cross-entropy with a counterexample each"),
}
# fmt: on


def lessons():
    """The lesson pages, in teaching order."""
    return tuple(entry for entry in PAGES if entry.slug in COURSE)


def neighbours(slug):
    """(previous lesson, next lesson) of lesson `slug` in teaching order; None at either end."""
    order = lessons()
    index = [entry.slug for entry in order].index(slug)
    return (order[index - 1] if index > 0 else None, order[index + 1] if index + 1 < len(order) else None)
