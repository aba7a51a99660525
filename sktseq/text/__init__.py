"""Text: Keras-style vectorization and pretrained word vectors.

:class:`TextVectorizer` turns raw documents into padded token ids or bags of
n-grams (scikit-learn transformer, Keras ``TextVectorization`` semantics);
:class:`NBLogCountRatio` weights a bag of words by naive Bayes log-count
ratios (NBSVM's features); :func:`load_word_vectors` and
:func:`make_embedding_matrix` turn GloVe or word2vec files into an embedding
matrix aligned with its vocabulary.
"""

from ._nb_features import NBLogCountRatio
from ._vectorizer import TextVectorizer
from ._word_vectors import load_word_vectors, make_embedding_matrix

__all__ = [
    "NBLogCountRatio",
    "TextVectorizer",
    "load_word_vectors",
    "make_embedding_matrix",
]
