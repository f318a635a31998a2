# placeholder: a path no gate claims
