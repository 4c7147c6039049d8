"""Word in and out: publications exported as .docx, zero drafts imported from .docx, .txt, .md.

`parsing` is pure (no Django): it reads a document's text blocks into chapters, paragraphs and
alternatives and lists every problem with its location. `readers` turn uploaded bytes into those
blocks, refusing files that are too big, corrupt or not what their name says. `export` writes a
publication as .docx. The services that store and confirm an import are in
`drafts.services.imports`.
"""
