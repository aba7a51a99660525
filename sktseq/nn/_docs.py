"""Parameter sections shared by the neural estimators' docstrings.

One templating scheme: every estimator docstring is a ``str.format``
template whose fields (``{input_params}``, ``{training_params}``, a family's
own section, ``{name}``...) :func:`fill_doc` fills, so each parameter is
documented in exactly one place.
"""

__all__ = ["CLASSIFIER_DOC", "REGRESSOR_DOC", "fill_doc"]

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
    max_epochs : int, default=100
        Upper bound on passes over the training rows; training normally ends
        earlier, when the monitored loss stops improving (``early_stopping``).
    batch_size : int or "auto", default="auto"
        Rows per gradient step.  "auto" is ``min(128, max(16, n_rows // 16))``:
        about 16 steps per epoch on small data.  Inference uses the same
        batch size, every batch padded to it (see Notes).
    lr : float, default=1e-3
        Initial learning rate.
    optimizer : {"adam", "adamw", "sgd", "rmsprop"} or torch optimizer class, \
default="adam"
        Optimizer; its other arguments are reachable as ``optimizer__<name>``.
    weight_decay : float, default=0.0
        L2 penalty passed to the optimizer.
    clip_grad_norm : float or None, default=None
        Clip the gradients' global 2-norm to this value (skorch
        ``GradientNormClipping``).
    ema_momentum : float in [0, 1) or None, default=None
        Keep an exponential moving average of the weights, updated after
        every training step with this momentum (0.99: about the last 100
        steps), and validate, early-stop and predict with it while the
        optimizer trains the raw weights (Keras' ``use_ema``; torch's
        ``AveragedModel``).  It smooths the noise of the last steps out of the
        fitted model; None trains and predicts with the raw weights.  A
        ``warm_start`` fit continues from the averaged weights, as Keras does.
    lr_schedule : {"plateau", "cosine"} or None, default="plateau"
        "plateau" halves the learning rate when the monitored loss has not
        improved for ``patience // 3`` epochs; "cosine" anneals it over
        ``max_epochs``; None keeps it constant.  Other schedules: pass a
        skorch ``LRScheduler`` in ``callbacks``.
    early_stopping : bool or "auto", default="auto"
        Stop when the monitored loss has not improved for ``patience``
        epochs and restore the weights of the best epoch.  True monitors the
        loss on held-out validation rows (``validation_fraction``); "auto"
        does so from 1,000 training rows on and otherwise monitors the
        training loss (small data is too scarce to hold rows out); False
        trains for ``max_epochs`` epochs.
    validation_fraction : float in (0, 1), default=0.1
        Share of the training rows held out for validation when it is used.
    validation_split : {"recent", "stratified", "random"}, default="recent"
        Which rows are held out.  "recent": the *most recent* rows (the last
        ones in ``X``), right for time-ordered data and never a slice from
        the future of the training rows.  "stratified" (classifiers) and
        "random": a seeded random slice, for collections of independent
        sequences.  Any skorch ``train_split`` can also be passed by name.
    patience : int, default=10
        Epochs without improvement before early stopping.
    callbacks : list of skorch callbacks or (name, callback) tuples, default=None
        Extra skorch callbacks; built-in ones are named ``early_stopping``,
        ``grad_clip``, ``lr_scheduler`` and ``progress_bar``, and all are
        reachable as ``callbacks__<name>__<param>``.
    verbose : int, default=0
        1 or more prints skorch's per-epoch table (and a progress bar when
        the output is a terminal).
    random_state : int, RandomState instance or None, default=None
        Seeds weight initialization, dropout and batch shuffling, making CPU
        fits reproducible.  torch's global generators (CPU and CUDA) are
        restored after ``fit``.
    device : str, default="cpu"
        torch device, e.g. ``"cuda"``.  A model fitted on a GPU unpickles on
        a CPU-only machine.
    warm_start : bool, default=False
        Continue training the fitted network on the next ``fit`` call
        (``max_epochs`` more epochs) instead of starting over.
    **kwargs
        Any skorch ``NeuralNet`` parameter by its skorch name, e.g.
        ``module__hidden_size``, ``optimizer__momentum``, ``criterion``,
        ``iterator_train__num_workers``, ``train_split``.  They are ordinary
        parameters for ``set_params``/``GridSearchCV`` and win over the flat
        parameters."""

_REGRESSOR_PARAMS = """\
    loss : {"squared_error", "absolute_error", "huber"}, default="squared_error"
        Loss on the (internally standardized) targets.  Ignored when
        ``quantiles`` is set.
    quantiles : sequence of float in (0, 1) or None, default=None
        Train one output per quantile level (and target) with the pinball
        loss instead of a point forecast; increasing, no duplicates, and
        containing 0.5 when there is more than one level.  ``predict`` then
        returns the median (or the single level), ``predict_quantiles`` all
        levels: ``(n_samples, n_quantiles)`` for 1-D ``y``, ``(n_samples,
        n_targets, n_quantiles)`` for 2-D ``y``, sorted along the last axis
        so that levels never cross."""

_ATTRIBUTES = """\
    net_ : skorch.NeuralNet
        The trained skorch network (``net_.module_`` is the torch module).
    history_ : skorch.History
        Per-epoch training (and validation) loss and duration.
    n_features_in_ : int
        Features per time step (columns for 2-D input).
    vocab_size_ : int or None
        Vocabulary size used for token-id input; None for float input."""

_REGRESSOR_ATTRIBUTES = """\
    n_outputs_ : int
        Number of target columns.
    quantiles_ : ndarray of shape (n_quantiles,) or None
        The quantile levels fitted (``quantiles`` at ``fit``), or None.
    y_mean_, y_scale_ : ndarray of shape (n_outputs,)
        Weighted mean and standard deviation of the training targets: the
        network regresses ``(y - y_mean_) / y_scale_``; predictions are
        mapped back."""

_CLASSIFIER_ATTRIBUTES = """\
    classes_ : ndarray of shape (n_classes,)
        Class labels."""

_NOTES = """\
    Inputs: float windows ``(n, seq_len, n_features)``, float univariate
    sequences ``(n, seq_len)``, integer token ids ``(n, seq_len)`` (0 =
    padding, embedded and masked) or a list of ``(length, n_features)``
    float arrays of different lengths (padded per batch and masked).
    Padding is never read.  Token ids and collections are batched by
    similar length and every batch is trimmed to its longest row.

    Inference pads every batch to ``batch_size`` rows, so a row's prediction
    does not depend on how many rows are predicted with it."""


REGRESSOR_DOC = """{title}

    {summary}  The targets are standardized internally.

    Parameters
    ----------
    {family_params}
    {regressor_params}
    {input_params}
    {training_params}

    Attributes
    ----------
    {attributes}
    {regressor_attributes}

    See Also
    --------
    {see_also}

    Notes
    -----
    {notes}

    Examples
    --------
    {example}
    """

CLASSIFIER_DOC = """{title}

    {summary}  Labels may be of any type.

    Parameters
    ----------
    {family_params}
    {input_params}
    {training_params}

    Attributes
    ----------
    {attributes}
    {classifier_attributes}

    See Also
    --------
    {see_also}

    Notes
    -----
    {notes}

    Examples
    --------
    {example}
    """


def fill_doc(**fields):
    """Class decorator: ``__doc__.format`` with the shared and the given fields.

    A ``template`` field replaces the class's own docstring first.

    Examples
    --------
    >>> @fill_doc(name="Demo")
    ... class Demo:
    ...     '''{name}.'''
    >>> Demo.__doc__
    'Demo.'
    """

    def decorate(cls):
        sections = {
            "input_params": _INPUT_PARAMS,
            "training_params": _TRAINING_PARAMS,
            "regressor_params": _REGRESSOR_PARAMS,
            "attributes": _ATTRIBUTES,
            "regressor_attributes": _REGRESSOR_ATTRIBUTES,
            "classifier_attributes": _CLASSIFIER_ATTRIBUTES,
            "notes": _NOTES,
            **fields,
        }
        template = sections.pop("template", None) or cls.__doc__
        # Placeholders sit at the docstring's indentation, so the first line
        # of each (already indented) section loses its own.
        cls.__doc__ = template.format(
            **{k: v.lstrip() if isinstance(v, str) else v for k, v in sections.items()}
        )
        return cls

    return decorate
