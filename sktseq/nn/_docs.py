"""Parameter sections shared by the neural estimators' docstrings.

Each estimator's docstring is a plain template with ``{input_params}`` and
``{training_params}`` fields (indented like the docstring) filled by
:func:`fill_doc`, so the ten classes document their common parameters once.
"""

__all__ = ["fill_doc"]

_INPUT_PARAMS = """\
    embedding_dim : int or None, default=None
        Embedding width for token-id input; None means 32, or the width of
        ``pretrained_embeddings``.  Ignored for float input.
    vocab_size : int or None, default=None
        Number of token ids (0 = padding, 1 = out-of-vocabulary); None infers
        ``max id + 1`` at ``fit`` (or the rows of ``pretrained_embeddings``).
        Larger ids at ``predict`` raise an error.
    pretrained_embeddings : array-like of shape (vocab_size, embedding_dim), \
default=None
        Initial embedding matrix (e.g. from ``make_embedding_matrix``).
    freeze_embeddings : bool, default=False
        Keep the embedding matrix fixed during training."""

_TRAINING_PARAMS = """\
    max_epochs : int, default=10
        Passes over the training rows.
    batch_size : int, default=128
        Rows per gradient step.
    lr : float, default=1e-3
        Learning rate.
    optimizer : {"adam", "adamw", "sgd", "rmsprop"} or torch optimizer class, \
default="adam"
        Optimizer; its other arguments are reachable as ``optimizer__<name>``.
    weight_decay : float, default=0.0
        L2 penalty passed to the optimizer.
    clip_grad_norm : float or None, default=None
        Clip the gradients' global 2-norm to this value (skorch
        ``GradientNormClipping``).
    lr_schedule : {"cosine", "plateau"} or None, default=None
        Cosine annealing over ``max_epochs``, or reduce-on-plateau of the
        validation loss (training loss without validation).  Other schedules:
        pass a skorch ``LRScheduler`` in ``callbacks``.
    early_stopping : bool, default=False
        Stop when the validation loss has not improved for ``patience``
        epochs and restore the weights of the best epoch.
    validation_fraction : float in [0, 1) or None, default=None
        Share of the training rows held out for validation: always the
        *most recent* rows (the last ones in ``X``), never a random slice.
        None means 0.1 with ``early_stopping`` and no validation otherwise.
    patience : int, default=5
        Epochs without improvement before early stopping.
    callbacks : list of skorch callbacks or (name, callback) tuples, default=None
        Extra skorch callbacks; built-in ones are named ``early_stopping``,
        ``grad_clip``, ``lr_scheduler`` and ``progress_bar``, and all are
        reachable as ``callbacks__<name>__<param>``.
    verbose : int, default=0
        1 or more prints skorch's per-epoch table and a progress bar.
    random_state : int, RandomState instance or None, default=None
        Seeds weight initialization, dropout and batch shuffling, making CPU
        fits reproducible.  The global torch RNG is left as it was.
    device : str, default="cpu"
        torch device, e.g. ``"cuda"``.  A model fitted on a GPU unpickles on
        a CPU-only machine.
    warm_start : bool, default=False
        Continue training the fitted network on the next ``fit`` call
        (``max_epochs`` more epochs) instead of starting over.
    **kwargs
        Any skorch ``NeuralNet`` parameter by its skorch name, e.g.
        ``module__hidden_size``, ``optimizer__momentum``, ``criterion``,
        ``iterator_train``.  They are ordinary parameters for
        ``set_params``/``GridSearchCV`` and win over the flat parameters."""

_ATTRIBUTES = """\
    net_ : skorch.NeuralNet
        The trained skorch network (``net_.module_`` is the torch module).
    history_ : skorch.History
        Per-epoch training (and validation) loss and duration.
    n_features_in_ : int
        Features per time step (columns for 2-D input).
    vocab_size_ : int or None
        Vocabulary size used for token-id input; None for float input."""


def fill_doc(**sections):
    """Class decorator: fill the shared and the given sections into ``__doc__``."""

    def decorate(cls):
        fields = {
            "input_params": _INPUT_PARAMS,
            "training_params": _TRAINING_PARAMS,
            "attributes": _ATTRIBUTES,
            **sections,
        }
        # Placeholders sit at the docstring's indentation, so the first line
        # of each (already indented) section loses its own.
        cls.__doc__ = cls.__doc__.format(**{k: v.lstrip() for k, v in fields.items()})
        return cls

    return decorate
