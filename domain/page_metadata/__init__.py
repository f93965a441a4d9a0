"""What a page says about itself to search engines and share previews, beyond its images: its
description (description.py) and its JSON-LD (linked_data.py).  No Pelican here: plugins/images
puts both on every article and front page, with the share images of domain/images."""
