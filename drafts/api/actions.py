"""One POST action of a viewset that runs one service on the object of its URL.

Every move on a paragraph and every decision on a proposal is the same few steps: load the
object (404 if unknown or unreadable, then 403 from the action's permission class), check the
body with an input serializer (400), call the service with the acting user (which re-checks
everything and may raise a domain error: 400/403/409), answer with the object as it is now.
`ServiceAction` writes those steps, and their schema, once; `consultations.api` uses it too.
"""

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission

from processes.api import error_responses


class ServiceAction:
    """Declares an action in a viewset's body, as a field is declared in a model's:

        lift_brackets = ServiceAction(
            services.lift_brackets, BracketMoveInputSerializer, MAY_EDIT_IN_THE_ROOM,
            url_path="lift-brackets", doc="The Chair lifts a pair of brackets: ...",
        )

    When the class is made, the attribute becomes an ordinary DRF action of that name (URL path
    `url_path`, by default the name; URL name and schema operation as DRF derives them), whose
    description is `doc`. It calls `service(<viewset.acts_on>=the object, actor=the user,
    **the validated input)` and answers with `viewset.respond(the object)`: the viewset's
    `serializer_class`, 200; or, `created`, with `respond(what the service returned, 201)`.
    Without an input serializer, the body is not read.

    The viewset provides `acts_on` (the service's keyword for the object), `get_object()`,
    `validated(serializer_class)` and `respond(obj[, status])`.
    """

    def __init__(
        self,
        service: Callable[..., Any],
        input_serializer: type[serializers.Serializer] | None,
        permission: type[BasePermission],
        *,
        doc: str,
        url_path: str | None = None,
        created: bool = False,
    ):
        self.service = service
        self.input_serializer = input_serializer
        self.permission = permission
        self.doc = doc
        self.url_path = url_path
        self.created = created

    def __set_name__(self, owner: type, name: str) -> None:
        service, input_serializer, created = self.service, self.input_serializer, self.created

        def run(view, request, *args, **kwargs):
            target = view.get_object()
            data = view.validated(input_serializer) if input_serializer is not None else {}
            result = service(**{view.acts_on: target}, actor=request.user, **data)
            if created:
                return view.respond(result, status.HTTP_201_CREATED)
            return view.respond(target)

        run.__name__ = name  # DRF routes the action to the attribute of this name
        run.__qualname__ = f"{owner.__qualname__}.{name}"
        run.__module__ = owner.__module__
        run.__doc__ = self.doc
        declared = action(
            detail=True,
            methods=["post"],
            url_path=self.url_path,
            permission_classes=[self.permission],
        )(run)
        answer = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        documented = extend_schema(
            request=input_serializer,
            responses={answer: owner.serializer_class, **error_responses(400, 403, 404, 409)},
        )(declared)
        setattr(owner, name, documented)
